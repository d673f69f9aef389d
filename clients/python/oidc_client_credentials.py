# A service account: OAuth2 client credentials at the provider's token endpoint, then the token as Bearer.
import os

import requests

url = os.environ.get("TESSERA_URL", "http://localhost:8080")
token = requests.post(os.environ["TOKEN_URL"],  # e.g. https://keycloak.example.com/realms/corp/protocol/openid-connect/token
                      auth=(os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"]),
                      data={"grant_type": "client_credentials", "scope": os.environ.get("SCOPE", "")},
                      timeout=30)
token.raise_for_status()
bearer = {"Authorization": "Bearer " + token.json()["access_token"]}  # fetch a new one when expires_in runs out

r = requests.post(f"{url}/api/v1/cubes/sales/query", headers=bearer,
                  json={"measures": ["revenue"], "levels": ["geo.country"]}, timeout=60)
r.raise_for_status()
for row in r.json()["rows"]:
    print(row)
