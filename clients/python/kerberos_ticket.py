# Kerberos (SPNEGO) with the ticket from kinit: no password in the program. Needs python3-requests-kerberos.
# (Not named kerberos.py: that name would hide the kerberos module requests-kerberos imports.)
import os

import requests
from requests_kerberos import HTTPKerberosAuth, OPTIONAL

url = os.environ.get("TESSERA_URL", "http://tessera.corp.example.com:8080")  # the host names the SPN: HTTP@host
r = requests.post(f"{url}/api/v1/cubes/sales/query", auth=HTTPKerberosAuth(mutual_authentication=OPTIONAL),
                  json={"measures": ["revenue"], "levels": ["geo.country"]}, timeout=60)
r.raise_for_status()
for row in r.json()["rows"]:
    print(row)
