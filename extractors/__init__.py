"""File -> Document. Each module reads one format; `registry.extract` picks by content, not name."""
from extractors.document import Block, BlockKind, Document, ExtractionError
from extractors.registry import extract

__all__ = ["Block", "BlockKind", "Document", "ExtractionError", "extract"]
