package io.jdesk.peer.internal.session;

import com.google.protobuf.ByteString;
import io.jdesk.peer.CursorImage;
import io.jdesk.peer.EncodedFrame;
import io.jdesk.peer.KeyInput;
import io.jdesk.peer.MouseInput;
import io.jdesk.peer.VideoCodec;
import io.jdesk.peer.internal.Compression;
import io.jdesk.protocol.proto.AudioFormat;
import io.jdesk.protocol.proto.AudioFrame;
import io.jdesk.protocol.proto.Clipboard;
import io.jdesk.protocol.proto.ClipboardFormat;
import io.jdesk.protocol.proto.ControlKey;
import io.jdesk.protocol.proto.CursorData;
import io.jdesk.protocol.proto.CursorPosition;
import io.jdesk.protocol.proto.EncodedVideoFrame;
import io.jdesk.protocol.proto.EncodedVideoFrames;
import io.jdesk.protocol.proto.KeyEvent;
import io.jdesk.protocol.proto.KeyboardMode;
import io.jdesk.protocol.proto.Message;
import io.jdesk.protocol.proto.Misc;
import io.jdesk.protocol.proto.MouseEvent;
import io.jdesk.protocol.proto.TestDelay;
import io.jdesk.protocol.proto.VideoFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversions between the public value types and session messages (peer.md §7). */
public final class Messages {

    /** Clipboard text accepted from a peer, after decompression. */
    public static final int MAX_CLIPBOARD_BYTES = 16 * 1024 * 1024;
    /** A cursor image accepted from a peer: 512 × 512 RGBA. */
    public static final int MAX_CURSOR_BYTES = 512 * 512 * 4;

    private Messages() {
    }

    public static Message misc(Misc misc) {
        return Message.newBuilder().setMisc(misc).build();
    }

    public static Message closeReason(String reason) {
        return misc(Misc.newBuilder().setCloseReason(reason).build());
    }

    public static Message refreshVideo() {
        return misc(Misc.newBuilder().setRefreshVideo(true).build());
    }

    public static Message testDelay(TestDelay delay) {
        return Message.newBuilder().setTestDelay(delay).build();
    }

    public static Message video(VideoCodec codec, EncodedFrame frame, int display) {
        EncodedVideoFrames frames = EncodedVideoFrames.newBuilder().addFrames(EncodedVideoFrame.newBuilder()
                .setData(ByteString.copyFrom(frame.data())).setKey(frame.key()).setPts(frame.pts())).build();
        VideoFrame.Builder v = VideoFrame.newBuilder().setDisplay(display);
        switch (codec) {
            case VP9 -> v.setVp9S(frames);
            case VP8 -> v.setVp8S(frames);
            case H264 -> v.setH264S(frames);
            case H265 -> v.setH265S(frames);
            case AV1 -> v.setAv1S(frames);
            default -> throw new IllegalArgumentException(codec.name());
        }
        return Message.newBuilder().setVideoFrame(v).build();
    }

    /** The codec and frames of a VideoFrame; empty for the raw rgb/yuv variants. */
    public static Optional<VideoCodec> codecOf(VideoFrame v) {
        return Optional.ofNullable(switch (v.getUnionCase()) {
            case VP9S -> VideoCodec.VP9;
            case VP8S -> VideoCodec.VP8;
            case H264S -> VideoCodec.H264;
            case H265S -> VideoCodec.H265;
            case AV1S -> VideoCodec.AV1;
            default -> null;
        });
    }

    public static List<EncodedFrame> framesOf(VideoFrame v) {
        EncodedVideoFrames frames = switch (v.getUnionCase()) {
            case VP9S -> v.getVp9S();
            case VP8S -> v.getVp8S();
            case H264S -> v.getH264S();
            case H265S -> v.getH265S();
            case AV1S -> v.getAv1S();
            default -> EncodedVideoFrames.getDefaultInstance();
        };
        List<EncodedFrame> out = new ArrayList<>(frames.getFramesCount());
        for (EncodedVideoFrame f : frames.getFramesList()) {
            out.add(new EncodedFrame(f.getData().toByteArray(), f.getKey(), f.getPts()));
        }
        return out;
    }

    public static Message audioFormat(int sampleRate, int channels) {
        return misc(Misc.newBuilder().setAudioFormat(AudioFormat.newBuilder().setSampleRate(sampleRate)
                .setChannels(channels)).build());
    }

    public static Message audio(byte[] opus) {
        return Message.newBuilder().setAudioFrame(AudioFrame.newBuilder().setData(ByteString.copyFrom(opus))).build();
    }

    public static Message cursor(CursorImage c) {
        return Message.newBuilder().setCursorData(CursorData.newBuilder().setId(c.id()).setHotx(c.hotX())
                .setHoty(c.hotY()).setWidth(c.width()).setHeight(c.height())
                .setColors(ByteString.copyFrom(Compression.compress(c.rgba())))).build();
    }

    public static Message cursorId(long id) {
        return Message.newBuilder().setCursorId(id).build();
    }

    public static Message cursorPosition(int x, int y) {
        return Message.newBuilder().setCursorPosition(CursorPosition.newBuilder().setX(x).setY(y)).build();
    }

    /** A received CursorData, decompressed and checked against its declared size. */
    public static CursorImage cursorOf(CursorData d) throws IOException {
        long expected = (long) d.getWidth() * d.getHeight() * 4;
        if (d.getWidth() < 0 || d.getHeight() < 0 || expected > MAX_CURSOR_BYTES) {
            throw new IOException("cursor of " + d.getWidth() + "x" + d.getHeight() + " refused");
        }
        byte[] rgba = Compression.decompress(d.getColors().toByteArray(), (int) expected);
        if (rgba.length != expected) {
            throw new IOException("cursor colors hold " + rgba.length + " bytes, expected " + expected);
        }
        return new CursorImage(d.getId(), d.getHotx(), d.getHoty(), d.getWidth(), d.getHeight(), rgba);
    }

    /** Text clipboard, zstd-compressed when that makes it smaller (as the official peers do). */
    public static Message clipboard(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        byte[] packed = raw.length > 0 ? Compression.compress(raw) : raw;
        boolean compress = packed.length < raw.length;
        return Message.newBuilder().setClipboard(Clipboard.newBuilder().setCompress(compress)
                .setContent(ByteString.copyFrom(compress ? packed : raw)).setFormat(ClipboardFormat.Text)).build();
    }

    /** The text of a Clipboard (16) or the first text entry of MultiClipboards (28). */
    public static Optional<String> clipboardText(Message m) throws IOException {
        List<Clipboard> entries = switch (m.getUnionCase()) {
            case CLIPBOARD -> List.of(m.getClipboard());
            case MULTI_CLIPBOARDS -> m.getMultiClipboards().getClipboardsList();
            default -> List.of();
        };
        for (Clipboard c : entries) {
            if (c.getFormat() == ClipboardFormat.Text) {
                byte[] content = c.getContent().toByteArray();
                if (c.getCompress()) {
                    content = Compression.decompress(content, MAX_CLIPBOARD_BYTES);
                } else if (content.length > MAX_CLIPBOARD_BYTES) {
                    throw new IOException("clipboard of " + content.length + " bytes refused");
                }
                return Optional.of(new String(content, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public static Message mouse(MouseInput e) {
        MouseEvent.Builder b = MouseEvent.newBuilder().setMask(e.mask()).setX(e.x()).setY(e.y());
        e.modifiers().forEach(k -> b.addModifiers(controlKey(k)));
        return Message.newBuilder().setMouseEvent(b).build();
    }

    public static MouseInput mouseOf(MouseEvent e) {
        int type = e.getMask() & 0x7;
        MouseInput.Type[] types = MouseInput.Type.values();
        MouseInput.Type t = type < types.length ? types[type] : MouseInput.Type.MOVE;
        return new MouseInput(t, e.getMask() >>> 3, e.getX(), e.getY(), names(e.getModifiersList()));
    }

    public static Message key(KeyInput k) {
        KeyEvent.Builder b = KeyEvent.newBuilder().setDown(k.down()).setPress(k.press());
        switch (k.kind()) {
            case CONTROL -> b.setControlKey(controlKey(k.controlKey()));
            case CHAR -> b.setChr(k.chr());
            case UNICODE -> b.setUnicode(k.unicode());
            case SEQUENCE -> b.setSeq(k.seq());
            default -> { }
        }
        k.modifiers().forEach(m -> b.addModifiers(controlKey(m)));
        KeyboardMode mode;
        try {
            mode = KeyboardMode.valueOf(k.mode());
        } catch (IllegalArgumentException e) {
            mode = KeyboardMode.Legacy;
        }
        return Message.newBuilder().setKeyEvent(b.setMode(mode)).build();
    }

    public static KeyInput keyOf(KeyEvent e) {
        KeyInput.Kind kind = switch (e.getUnionCase()) {
            case CONTROL_KEY -> KeyInput.Kind.CONTROL;
            case CHR -> KeyInput.Kind.CHAR;
            case UNICODE -> KeyInput.Kind.UNICODE;
            case SEQ -> KeyInput.Kind.SEQUENCE;
            default -> KeyInput.Kind.NONE;
        };
        String control = e.getUnionCase() == KeyEvent.UnionCase.CONTROL_KEY ? name(e.getControlKey()) : "";
        return new KeyInput(e.getDown(), e.getPress(), kind, control, e.getChr(), e.getUnicode(), e.getSeq(),
                names(e.getModifiersList()), e.getMode() == KeyboardMode.UNRECOGNIZED ? "Legacy" : e.getMode().name());
    }

    private static ControlKey controlKey(String name) {
        try {
            return ControlKey.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ControlKey '" + name + "'", e);
        }
    }

    private static String name(ControlKey k) {
        return k == ControlKey.UNRECOGNIZED ? "Unknown" : k.name();
    }

    private static List<String> names(List<ControlKey> keys) {
        List<String> out = new ArrayList<>(keys.size());
        keys.forEach(k -> out.add(name(k)));
        return out;
    }
}
