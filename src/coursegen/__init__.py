"""coursegen: aligned multilingual course sites from independent lecture transcripts."""

__version__ = "0.1.0"
