"""Opaque global IDs (the encoding lives in the domain so notification links use the same IDs)."""

from domain.ids import decode, encode

__all__ = ["decode", "encode"]
