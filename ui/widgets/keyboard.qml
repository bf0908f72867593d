// The on-screen keyboard of the kiosk: Qt Virtual Keyboard, Thai first, English on the globe key.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    InputPanel {
        id: panel
        objectName: "inputPanel"
        // The default style is 2560 × 800 by design: fit the height we are given, centred.
        width: Math.min(root.width, root.height * 3.2)
        anchors.bottom: root.bottom
        anchors.horizontalCenter: root.horizontalCenter
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["th_TH", "en_US"]
        VirtualKeyboardSettings.locale = "th_TH"
    }
}
