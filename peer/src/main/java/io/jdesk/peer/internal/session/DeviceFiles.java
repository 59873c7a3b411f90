package io.jdesk.peer.internal.session;

import io.jdesk.peer.internal.DeviceCore;
import io.jdesk.peer.internal.files.FileLimits;
import io.jdesk.peer.internal.files.FileService;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransfer;
import io.jdesk.protocol.proto.Message;
import java.io.IOException;

/**
 * The device's {@link FileService} for one file-transfer session, with its sending thread: the
 * service's messages are queued on the {@link Pump}, which alone writes them.
 */
public final class DeviceFiles implements FileSession {

    private final FileService service;
    private final Pump pump;

    private DeviceFiles(DeviceCore.FileSettings s) {
        // a writer that failed fails the transfers
        pump = new Pump("jdesk-device-files", s.out(), this::writerFailed);
        service = new FileService(s.root(), s.writable(), pump, FileLimits.DEFAULT, pump::wake);
        pump.start(service::pump);
    }

    public static FileSession open(DeviceCore.FileSettings settings) {
        return new DeviceFiles(settings);
    }

    @Override
    public void start(FileTransfer request, String controllerVersion) throws IOException {
        service.setOverwriteDetection(FileService.supportsOverwriteDetection(controllerVersion));
        service.sendInitialListing(request.getDir(), request.getShowHidden());
    }

    @Override
    public void onAction(FileAction action) throws IOException {
        service.onAction(action);
        pump.wake();
    }

    @Override
    public void onResponse(FileResponse response) throws IOException {
        service.onResponse(response);
        pump.wake();
    }

    private void writerFailed() {
        service.close();
    }

    @Override
    public void queue(Message message) throws IOException {
        pump.send(message);
    }

    @Override
    public void close() {
        pump.close();
        service.close();
    }
}
