"""Extraction engines: design tokens, component type and requirements from images and Figma."""
