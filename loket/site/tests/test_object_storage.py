"""Uploads in an S3-compatible object store (django-storages), tested against moto's S3
server on a free loopback port: written, read back, private."""

import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from moto import server as moto_server
from storages.backends import s3 as s3_storage

from loket.site.storage import S3_BACKEND, StorageConfigError, default_storage

KEYS = {"LOKET_S3_ACCESS_KEY": "loket-test", "LOKET_S3_SECRET_KEY": "loket-test-secret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def test_the_local_disk_is_the_default_store():
    assert default_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_the_s3_store_needs_its_bucket_and_keys():
    with pytest.raises(StorageConfigError, match="LOKET_S3_BUCKET, LOKET_S3_SECRET_KEY"):
        default_storage({"LOKET_FILE_STORAGE": S3_BACKEND, "LOKET_S3_ACCESS_KEY": "a"})


def test_an_upload_goes_to_the_s3_store_privately_and_reads_back(s3_endpoint):
    config = default_storage(
        {
            "LOKET_FILE_STORAGE": S3_BACKEND,
            "LOKET_S3_BUCKET": "loket-media",
            "LOKET_S3_ENDPOINT_URL": s3_endpoint,
            "LOKET_S3_REGION": "ap-southeast-3",
            **KEYS,
        }
    )
    assert config["BACKEND"] == S3_BACKEND
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="ap-southeast-3",
        aws_access_key_id=KEYS["LOKET_S3_ACCESS_KEY"],
        aws_secret_access_key=KEYS["LOKET_S3_SECRET_KEY"],
    )
    client.create_bucket(
        Bucket="loket-media",
        CreateBucketConfiguration={"LocationConstraint": "ap-southeast-3"},
    )
    store = s3_storage.S3Storage(**config["OPTIONS"])

    name = store.save("complaints/7/bukti.pdf", ContentFile(b"%PDF-1.4 bukti pengaduan"))
    again = store.save("complaints/7/bukti.pdf", ContentFile(b"%PDF-1.4 yang lain"))

    assert again != name  # never overwritten
    with store.open(name) as stored:
        assert stored.read() == b"%PDF-1.4 bukti pengaduan"
    assert store.size(name) == 24
    grants = client.get_object_acl(Bucket="loket-media", Key=name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers grant
    assert "X-Amz-Signature=" in store.url(name)  # a link only the store's signature opens
