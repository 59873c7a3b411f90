package io.jdesk.peer.internal.session;

import io.jdesk.peer.internal.DeviceCore;
import io.jdesk.peer.internal.files.FileLimits;
import io.jdesk.peer.internal.files.FileService;
import io.jdesk.protocol.proto.FileAction;
import io.jdesk.protocol.proto.FileResponse;
import io.jdesk.protocol.proto.FileTransfer;
import java.io.IOException;

/** The device's {@link FileService} for one file-transfer session, with its sending thread. */
public final class DeviceFiles implements FileSession {

    private final FileService service;
    private final Pump pump;

    private DeviceFiles(DeviceCore.FileSettings s) {
        pump = new Pump("jdesk-device-files", () -> { });
        service = new FileService(s.root(), s.writable(), s.out(), FileLimits.DEFAULT, pump::wake);
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

    @Override
    public void close() {
        pump.close();
        service.close();
    }
}
