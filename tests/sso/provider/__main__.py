"""Run the test provider by hand, to try single sign-on with `make run`:

.venv/bin/python -m tests.sso.provider            # on 127.0.0.1:9000, for the app on :8000
.venv/bin/python -m tests.sso.provider --port 9001 --app-url http://127.0.0.1:8123
"""

import argparse
import tempfile
from pathlib import Path

from tests.sso.provider.serve import start

CLIENT_ID = "mandate-tracker"
CLIENT_SECRET = "test-provider-secret"
PASSWORD = "organisation-password"
PEOPLE = ("una:Updater", "eric:Editor", "vic:Viewer", "noor:")  # noor has no role


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--app-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sso-provider-") as folder:
        provider = start(
            Path(folder),
            port=args.port,
            app_urls=[args.app_url],
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            people=[f"{name}:{PASSWORD}:{role}" for name, role in (p.split(":") for p in PEOPLE)],
            quiet=False,
        )
        print(f"Test OpenID Connect provider on {provider.issuer}. In another shell:\n")
        print(
            f"    OIDC_ISSUER={provider.issuer} OIDC_CLIENT_ID={CLIENT_ID} "
            f"OIDC_CLIENT_SECRET={CLIENT_SECRET} make run\n"
        )
        print(
            "and sign in with your organisation account as una (Updater), eric (Editor), "
            f"vic (Viewer) or noor (no role), password {PASSWORD}. Ctrl-C stops it."
        )
        try:
            provider.process.wait()
        except KeyboardInterrupt:
            provider.stop()


if __name__ == "__main__":
    main()
