"""A real OpenID Connect provider for the single sign-on tests and for trying single sign-on
by hand: a second Django process running django-oauth-toolkit's provider, on 127.0.0.1.

Test code only, never deployed. `python -m tests.sso.provider` starts one (see serve.py).
"""
