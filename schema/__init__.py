"""The GraphQL schema: types, queries and mutations per area. No business rule lives here."""
