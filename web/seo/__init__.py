"""What search engines and link previews read: JSON-LD, the sitemap index, robots.txt."""
