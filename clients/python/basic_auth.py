# A cube query with a Basic user (a local account or an LDAP/AD name and password).
import os

import requests

url = os.environ.get("TESSERA_URL", "http://localhost:8080")
auth = (os.environ["TESSERA_USER"], os.environ["TESSERA_PASSWORD"])  # never hard-code the password

r = requests.post(f"{url}/api/v1/cubes/sales/query", auth=auth,
                  json={"measures": ["revenue"], "levels": ["geo.country"]}, timeout=60)
if r.status_code != 200:  # errors are application/problem+json: status, title, detail, errors[]
    raise SystemExit(f"{r.status_code} {r.json().get('detail')}")
for row in r.json()["rows"]:
    print(row)
