"""Text -> typed facts. Engines here are language-neutral; Vietnamese knowledge is in data/vi/."""
