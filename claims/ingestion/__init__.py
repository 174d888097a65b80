"""The first pass over an article: from raw text or HTML to candidate
claims with their attribution chains and hedges. Pure functions over text,
plus a read-only index of the source register; claims.services.ingestion
stores what they find."""
