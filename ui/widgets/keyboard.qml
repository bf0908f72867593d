// The on-screen keyboard of the kiosk: Qt Virtual Keyboard, Thai first, English on the globe key,
// drawn by the kiosk's own style (keyboard_style/…/Styles/kiosk/style.qml: Sarabun, big keys).
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings

Item {
    id: root
    // Set from Python (VirtualKeyboard.set_language) when the visitor changes the language.
    property string locale: "th_TH"
    onLocaleChanged: VirtualKeyboardSettings.locale = root.locale
    InputPanel {
        id: panel
        objectName: "inputPanel"
        // The panel's height follows its width (the style's design ratio): as wide as the
        // height we are given allows, never wider than the window, centred at the top.
        readonly property var style: panel.keyboard.style
        readonly property real ratio: style ? style.keyboardDesignWidth / style.keyboardDesignHeight : 3.2
        width: Math.min(root.width, root.height * ratio)
        anchors.top: root.top
        anchors.horizontalCenter: root.horizontalCenter
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.styleName = "kiosk"
        VirtualKeyboardSettings.activeLocales = ["th_TH", "en_US"]
        VirtualKeyboardSettings.locale = root.locale
    }
}
