"""Business core of Quancheng: models, rules and flows. Imports neither GraphQL nor HTTP."""
