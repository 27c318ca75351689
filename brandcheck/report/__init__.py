"""Reports: the same results as text for people, JSON for scripts, PNG overlays for eyes."""
