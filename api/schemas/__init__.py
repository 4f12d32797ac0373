"""Request and response bodies of the HTTP API, separate from the ORM models and the domain objects."""
