# A pandas DataFrame from the JSON answer: column names from "columns", numbers already typed.
import os

import pandas as pd
import requests

url = os.environ.get("TESSERA_URL", "http://localhost:8080")
auth = (os.environ["TESSERA_USER"], os.environ["TESSERA_PASSWORD"])

r = requests.post(f"{url}/api/v1/cubes/sales/query", auth=auth,
                  json={"measures": ["revenue", "orders"], "levels": ["geo.country"]}, timeout=60)
r.raise_for_status()
answer = r.json()
df = pd.DataFrame(answer["rows"], columns=[c["name"] for c in answer["columns"]])
if answer["page"]["truncated"]:
    print("more rows exist: ask with a larger limit or offset")
print(df.to_string(index=False))
