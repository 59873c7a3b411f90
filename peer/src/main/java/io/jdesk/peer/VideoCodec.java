package io.jdesk.peer;

/** The video codecs of RustDesk's VideoFrame (peer.md §7.3). */
public enum VideoCodec {
    /** VP9: every official controller decodes it (the default). */
    VP9,
    VP8,
    /** H.264, Annex-B byte stream; official controllers decode it only with a decoder for it. */
    H264,
    /** H.265, Annex-B byte stream. */
    H265,
    /** AV1, one temporal unit of OBUs per frame. */
    AV1
}
