"""Sources → raw documents → clean documents (decode, main text, spam removal, languages)."""
