package io.surprisal.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures of model documents (the JDK's own, no library): the trainer signs the exact bytes
 * it publishes and puts the signature in the record header {@link #HEADER}; a deployment with
 * {@code models.verifyKey} admits only documents whose signature verifies. Keys are what
 * {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write (PEM), or the bare
 * base64 inside it.
 */
public final class ModelSignatures {
    /** Record header holding the base64 Ed25519 signature of the record value. */
    public static final String HEADER = "surprisal.signature";

    private ModelSignatures() {
    }

    public static PublicKey publicKey(String pemOrBase64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pemOrBase64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("models.verifyKey is not an Ed25519 public key (X.509, PEM or base64): "
                    + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    der(Files.readString(file, StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key (PKCS#8, PEM or base64): " + e.getMessage(), e);
        }
    }

    /** The base64 signature of {@code document}, for {@link #HEADER}. */
    public static byte[] sign(PrivateKey key, byte[] document) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(document);
            return Base64.getEncoder().encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key.getAlgorithm(), e);
        }
    }

    /** Whether {@code base64Signature} (the header's value, may be null) is {@code key}'s signature of {@code document}. */
    public static boolean verify(PublicKey key, byte[] document, byte[] base64Signature) {
        if (base64Signature == null || document == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(document);
            return s.verify(Base64.getDecoder().decode(base64Signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] der(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.startsWith("-----")) {
                b.append(line.trim());
            }
        }
        return Base64.getDecoder().decode(b.toString());
    }
}
