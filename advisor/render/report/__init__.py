"""The architecture-review report (HTML and Markdown) and the diff between two recommendations."""
