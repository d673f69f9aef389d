# A pandas DataFrame from the CSV answer, streamed: large answers without holding the JSON in memory.
import os

import pandas as pd
import requests

url = os.environ.get("TESSERA_URL", "http://localhost:8080")
auth = (os.environ["TESSERA_USER"], os.environ["TESSERA_PASSWORD"])

with requests.post(f"{url}/api/v1/cubes/sales/query", auth=auth, headers={"Accept": "text/csv"},
                   json={"measures": ["revenue", "orders"], "levels": ["geo.country"]}, stream=True, timeout=60) as r:
    r.raise_for_status()
    r.raw.decode_content = True
    df = pd.read_csv(r.raw)
print(df.to_string(index=False))
