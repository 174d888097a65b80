"""What the public sees: the signed public record (`record`, written by
`services`), and the surfaces made from it: citation lines, ClaimReview,
STIX and the attribution graph."""
