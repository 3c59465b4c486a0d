"""Where uploads and exports are stored: the local disk (default) or any S3-compatible object
store through django-storages, chosen by environment values (read by loket.settings).

    LOKET_FILE_STORAGE=storages.backends.s3.S3Storage
    LOKET_S3_BUCKET=loket-media            LOKET_S3_ENDPOINT_URL=https://s3.example.go.id
    LOKET_S3_ACCESS_KEY=...                LOKET_S3_SECRET_KEY=...
    LOKET_S3_REGION=ap-southeast-3         (optional)

Objects are private (ACL `private`, never overwritten); pages serve them through Loket's
permission checks, and a link the store signs is valid for LOKET_S3_LINK_SECONDS (300)."""

from collections.abc import Mapping

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"


class StorageConfigError(ValueError):
    pass


def default_storage(values: Mapping[str, str]) -> dict:
    """The STORAGES["default"] entry for these environment values."""
    backend = values.get("LOKET_FILE_STORAGE") or FILE_SYSTEM_BACKEND
    if backend != S3_BACKEND:
        return {"BACKEND": backend}
    missing = [
        name
        for name in ("LOKET_S3_BUCKET", "LOKET_S3_ACCESS_KEY", "LOKET_S3_SECRET_KEY")
        if not values.get(name)
    ]
    if missing:
        raise StorageConfigError(f"the S3 file storage needs {', '.join(missing)}")
    options = {
        "bucket_name": values["LOKET_S3_BUCKET"],
        "access_key": values["LOKET_S3_ACCESS_KEY"],
        "secret_key": values["LOKET_S3_SECRET_KEY"],
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": int(values.get("LOKET_S3_LINK_SECONDS") or 300),
    }
    if values.get("LOKET_S3_ENDPOINT_URL"):
        options["endpoint_url"] = values["LOKET_S3_ENDPOINT_URL"]
    if values.get("LOKET_S3_REGION"):
        options["region_name"] = values["LOKET_S3_REGION"]
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
