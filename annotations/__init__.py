"""Gold sets and annotation formats, anchored by quote and context."""
