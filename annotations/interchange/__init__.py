"""Annotation tasks in and out of Label Studio, doccano and brat (offsets converted per tool)."""
