"""API clients: tokens (`tokens`), how a request proves who it is
(`authentication`) and the webhooks a client subscribes to (`webhooks`)."""
