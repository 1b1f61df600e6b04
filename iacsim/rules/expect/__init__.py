"""User-declared expectations (.iacsim.yml expect)."""
