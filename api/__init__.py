"""HTTP wiring of Quancheng: settings, lifespan, auth, routes, CLI."""
