"""Orchestration: ingest a folder, evaluate against gold, command line."""
