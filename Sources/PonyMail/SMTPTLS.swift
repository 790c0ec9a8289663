internal import Foundation
internal import NIOCore

#if PONY_TLS
    internal import NIOSSL
#endif

/// TLS for ``SMTPEmailBackend``: the server's certificate is checked against the trusted
/// authorities and its host name, as Python's `ssl.create_default_context()` (which Django's
/// backend uses) checks it.
///
/// NB: BoringSSL comes with swift-nio-ssl, which the framework `pony run` builds leaves out
/// unless the app asks for PostgreSQL or for mail over TLS (Package.swift's `PONY_POSTGRES`);
/// without it, asking for TLS is an error that says how to get it.
struct SMTPTLS: Sendable {
    #if PONY_TLS
        let context: NIOSSLContext
        /// The name sent for SNI and checked against the certificate; `nil` for an IP address,
        /// which is checked against the certificate's IP addresses.
        let serverHostname: String?

        init(_ backend: SMTPEmailBackend) throws(EmailError) {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            let authorities =
                backend.certificateAuthorityFile
                ?? ProcessInfo.processInfo.environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            if let authorities { configuration.trustRoots = .file(authorities) }
            do {
                if let certificateFile = backend.certificateFile {
                    configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map {
                        .certificate($0)
                    }
                    configuration.privateKey = .privateKey(
                        try NIOSSLPrivateKey(file: backend.keyFile ?? certificateFile, format: .pem))
                }
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                let files = [backend.certificateFile, backend.keyFile, authorities].compactMap { $0 }
                throw EmailError(
                    "Could not set up TLS for the SMTP server at \(backend.host):\(backend.port) (\(error)): check that"
                        + " \(files.isEmpty ? "the system's certificate authorities" : files.joined(separator: ", "))"
                        + " can be read and hold PEM certificates and keys.")
            }
            let isAddress = (try? SocketAddress(ipAddress: backend.host, port: 0)) != nil
            serverHostname = isAddress ? nil : backend.host
        }

        /// Puts TLS in front of everything else on `channel` (call it on its event loop).
        func addHandler(to channel: any Channel) throws {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }

        /// What went wrong, for people: a failed handshake says what to check.
        static func describe(_ error: any Error) -> String {
            switch error {
            case let error as NIOSSLError:
                guard case .handshakeFailed(let reason) = error else { return "TLS failed: \(error)" }
                return "the TLS handshake failed (\(reason)); check that the server's certificate is valid for its"
                    + " host name and signed by an authority this machine trusts (or set the certificate authority"
                    + " file, cafile= in PONY_EMAIL_URL)"
            case let error as NIOSSLExtraError where error == .failedToValidateHostname:
                return "the server's certificate is not valid for the host name Pony connected to (\(error))"
            default:
                return "\(error)"
            }
        }
    #else
        init(_ backend: SMTPEmailBackend) throws(EmailError) {
            throw EmailError(
                "The SMTP server at \(backend.host):\(backend.port) is to be reached over TLS, but this build of Pony"
                    + " has no TLS. `pony run`, `serve` and `build` build it in when PONY_EMAIL_URL or the app's file"
                    + " names smtp+tls://, smtps:// or smtp+ssl:// (or .startTLS, .implicitTLS), or with PONY_POSTGRES=1."
            )
        }

        func addHandler(to channel: any Channel) throws {}

        static func describe(_ error: any Error) -> String { "\(error)" }
    #endif
}
