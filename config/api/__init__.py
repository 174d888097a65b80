"""What every endpoint shares: the router (router.py), the error schemas
(errors.py), pagination, throttling and the default permission (deny). Each
app's endpoints live in its own `api` package: claims/api, sources/api,
verify/api."""
