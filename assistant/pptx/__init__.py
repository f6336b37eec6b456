"""Writing PowerPoint files: the official template (build and check) and flyers."""
