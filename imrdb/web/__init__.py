"""The web face: ``imrdb serve``'s pages and JSON API over the same library the CLI uses.

``app`` builds the application and turns errors into pages; ``pages`` and ``api`` are the
views; ``params`` reads a URL into a search; ``views`` and ``queries`` compute what the
templates show; ``database`` opens read-only with a time limit; ``downloads`` streams
exports; ``cache`` keeps recent answers. docs/web.md describes it.
"""
