"""Turns the curated stories in content/ into the pages of a static site."""
