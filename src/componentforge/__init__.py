"""ComponentForge: screenshots and Figma nodes to shadcn/ui-style React + TypeScript components."""

__version__ = "0.1.0"
