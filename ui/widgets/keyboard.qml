// The on-screen keyboard of the kiosk: Qt Virtual Keyboard, Thai first, English on the globe key.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    InputPanel {
        id: panel
        objectName: "inputPanel"
        width: root.width
        anchors.bottom: root.bottom
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.activeLocales = ["th_TH", "en_US"]
        VirtualKeyboardSettings.locale = "th_TH"
    }
}
