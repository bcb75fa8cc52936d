"""Signing in through OpenID Connect: MitID via NemLog-in, MitID Erhverv, the municipality's own."""
