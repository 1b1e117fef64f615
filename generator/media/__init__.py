"""Images: reading content/media/ (probe), the variants a page shows (plan), making them (encode)."""
