"""Commands that write stories for contributors: `new` and `import`."""
