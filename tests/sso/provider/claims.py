"""The claims the test provider gives: name, email and a "roles" claim, the names of the
provider user's groups (as a directory gives group or app-role names)."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class RoleClaimsValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "roles": "profile"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
            "roles": sorted(user.groups.values_list("name", flat=True)),
        }
