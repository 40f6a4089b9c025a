"""The resource handlers, one module per resource; `..api.Api` routes each request to one of them."""
