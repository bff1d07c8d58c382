#!/bin/sh
# The artifact bucket as the API expects it: created once, versioned, and components/ expiring
# after S3_EXPIRE_DAYS (noncurrent versions too). Safe to run at every start.
set -eu
mc alias set stack http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "stack/$S3_BUCKET"
mc version enable "stack/$S3_BUCKET"
cat > /tmp/lifecycle.json <<JSON
{"Rules": [{
  "ID": "expire-components",
  "Status": "Enabled",
  "Filter": {"Prefix": "components/"},
  "Expiration": {"Days": $S3_EXPIRE_DAYS},
  "NoncurrentVersionExpiration": {"NoncurrentDays": $S3_EXPIRE_DAYS}
}]}
JSON
mc ilm import "stack/$S3_BUCKET" < /tmp/lifecycle.json
mc ilm rule ls "stack/$S3_BUCKET"
