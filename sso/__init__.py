"""Single sign-on through the organisation's OpenID Connect provider (optional).

On when settings name an issuer and a client id (OIDC_ISSUER, OIDC_CLIENT_ID in the
environment); otherwise nothing of it shows and its pages answer 404. Password sign-in
stays either way. mozilla-django-oidc does the protocol; this app adds what it leaves out:
finding the provider's endpoints from the issuer, knowing people by the provider's `sub`,
and giving them their role from a claim.
"""
