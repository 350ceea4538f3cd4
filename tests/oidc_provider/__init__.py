"""A real OpenID Connect provider for the tests: a tiny Django project with django-oauth-toolkit.

It stands in for the municipality's identity provider (Azure AD, Keycloak, Freja …). The tests start it as
a separate process (see tests/oidc/conftest.py), so Skutan talks to it over HTTP exactly as it would to
the real one: discovery of endpoints, the authorization-code flow with PKCE, RS256-signed ID tokens
checked against the provider's JWKS, and the userinfo endpoint. Nothing here is mocked.
"""
