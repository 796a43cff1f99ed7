"""Annotator: code claims, figures and stakeholders in Chinese news articles."""

__version__ = "0.1.0"
