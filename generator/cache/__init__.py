"""Results kept between runs, in the user's cache folder: the check record and the page record."""
