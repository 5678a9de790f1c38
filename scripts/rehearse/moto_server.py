"""Starts the pinned moto server (the rehearsal's AWS emulator) with one correction to its KMS.

moto 5.2.5 packs a key id into a fixed 36-byte field of its ciphertext blobs (moto/kms/utils.py KEY_ID_LEN), enough
for a single-Region key's UUID but not for a multi-Region key's "mrk-" + UUID: the id is cut short, and nothing a
multi-Region key or its replica encrypted can be decrypted again (AccessDeniedException). AWS KMS decrypts it with
the key or any replica. The field is widened to 40 bytes and the padding stripped on the way back; nothing else in
moto changes. test/rehearsal/emulator-mrk.test.ts shows the defect in plain moto, so this goes when moto fixes it.
"""
import struct
import sys

import moto.kms.utils as kms_utils

kms_utils.KEY_ID_LEN = 40
kms_utils.HEADER_LEN = kms_utils.KEY_ID_LEN + kms_utils.IV_LEN + kms_utils.TAG_LEN
kms_utils.CIPHERTEXT_HEADER_FORMAT = f">{kms_utils.KEY_ID_LEN}s{kms_utils.IV_LEN}s{kms_utils.TAG_LEN}s"


def _deserialize_ciphertext_blob(ciphertext_blob: bytes) -> "kms_utils.Ciphertext":
    header = ciphertext_blob[: kms_utils.HEADER_LEN]
    key_id, iv, tag = struct.unpack(kms_utils.CIPHERTEXT_HEADER_FORMAT, header)
    return kms_utils.Ciphertext(key_id=key_id.rstrip(b"\0").decode("utf-8"), iv=iv, ciphertext=ciphertext_blob[kms_utils.HEADER_LEN :], tag=tag)


kms_utils._deserialize_ciphertext_blob = _deserialize_ciphertext_blob

from moto.server import main  # noqa: E402  (after the correction, so the server's KMS uses it)

if __name__ == "__main__":
    sys.exit(main())
