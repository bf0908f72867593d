// The kiosk's keyboard style: every label in the bundled Sarabun, big keys, few moving parts.
// Qt Virtual Keyboard finds it as VirtualKeyboardSettings.styleName "kiosk" once the directory
// above QtQuick/ is on the engine's import path (ui/widgets/keyboard.py). The icons are the
// built-in default style's, from the virtual keyboard's own resources.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Styles

KeyboardStyle {
    id: kioskStyle

    readonly property string fontFamily: "Sarabun"
    readonly property string icons: "qrc:/qt-project.org/imports/QtQuick/VirtualKeyboard/Styles/Builtin/default/images/"
    readonly property real keyMargin: Math.round(7 * scaleHint)
    readonly property real keyRadius: Math.round(14 * scaleHint)
    readonly property real labelSize: 74 * scaleHint
    readonly property real hintSize: 46 * scaleHint
    readonly property real iconSize: 90 * scaleHint

    property color keyColor: "#25323f"
    property color functionKeyColor: "#4a5866"
    property color pressedKeyColor: "#6b7c8c"
    property color labelColor: "#ffffff"
    property color hintColor: "#c9d3dc"
    property color accentColor: "#ffd400"
    property color popupColor: "#17375e"

    // Characters the layouts offer that no bundled font draws (the Thai layout's "。"):
    // showing them would only show a box.
    function drawable(text) {
        return text !== "\u3002"
    }

    // A Thai vowel or tone mark alone has no base to sit on: drawn alone it is a fragment (่ ้),
    // or half of it is cut off at the key's edge (ุ ู ึ ี). Thai keyboards and primers show it on
    // a dotted circle, ◌่ ◌ุ, which Sarabun draws with the mark in its place. (The Thai layout
    // puts a space before these marks: the space is no base either.) Sara am, whose ring hangs
    // over the letter before it, is shown the same way.
    function isMark(code) {
        return code === 0x0E31 || code === 0x0E33 || (code >= 0x0E34 && code <= 0x0E3A)
            || (code >= 0x0E47 && code <= 0x0E4E)
    }
    function onCircle(text) {
        var bare = text.trim()
        return bare.length === 1 && isMark(bare.charCodeAt(0))
    }
    function shown(text) {
        if (!drawable(text))
            return ""
        return onCircle(text) ? "\u25CC" + text.trim() : text
    }
    // A mark on its circle stands higher and lower than a letter (ึ above, ุ below): a smaller
    // size keeps the whole of it inside the key.
    function markSize(text, size, room) {
        return onCircle(text) ? Math.min(size, room * 0.58) : size
    }

    // 2560 × 700: a little wider than the built-in 2560 × 800, so the keys are wider for fingers.
    keyboardDesignWidth: 2560
    keyboardDesignHeight: 700
    keyboardRelativeLeftMargin: 0
    keyboardRelativeRightMargin: 0
    keyboardRelativeTopMargin: 6 / keyboardDesignHeight
    keyboardRelativeBottomMargin: 6 / keyboardDesignHeight

    keyboardBackground: Item {}  // the screen's own colour shows between the keys

    component KeyFace: Rectangle {
        property bool functionKey: false
        property bool down: false
        property bool disabled: false
        anchors.fill: parent
        anchors.margins: keyMargin
        radius: keyRadius
        color: down ? pressedKeyColor : (functionKey ? functionKeyColor : keyColor)
        opacity: disabled ? 0.5 : 1.0
    }

    component KeyLabel: Text {
        color: labelColor
        font.family: fontFamily
        font.pixelSize: labelSize
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideNone
    }

    // A label within its box whatever it carries: the line (with the room Thai marks take above
    // and below the letters) is made smaller until it fits, never cut at the key's edge.
    component FittedLabel: KeyLabel {
        fontSizeMode: Text.Fit
        minimumPixelSize: 8
    }

    component KeyGlyph: Image {
        // within the key whatever its shape (the digit pad's keys are narrow)
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.7, iconSize * 1.6)
        height: Math.min(parent.height * 0.55, iconSize)
        sourceSize.height: height
        fillMode: Image.PreserveAspectFit
        smooth: true
    }

    keyPanel: KeyPanel {
        id: keyPanel
        // The ID field's digit pad (a field with Qt.ImhDigitsOnly) has no use for the layout's "."
        // and space: those keys are left blank and do nothing, not shown as keys that type.
        readonly property bool unused: (InputContext.inputMethodHints & Qt.ImhDigitsOnly) !== 0
                                       && (control.text === "." || control.text === " ")
        Binding {
            target: keyPanel.control
            property: "enabled"
            value: false
            when: keyPanel.unused
            restoreMode: Binding.RestoreBindingOrValue
        }
        KeyFace {
            visible: !keyPanel.unused
            down: control.pressed
            disabled: !control.enabled
            FittedLabel {
                text: shown(control.smallText)
                visible: control.smallTextVisible && text !== ""
                color: hintColor
                font.pixelSize: markSize(control.smallText, hintSize, height)
                width: parent.width * 0.4
                height: parent.height * 0.45
                horizontalAlignment: Text.AlignRight
                verticalAlignment: Text.AlignVCenter
                anchors.right: parent.right
                anchors.top: parent.top
                anchors.rightMargin: Math.round(12 * scaleHint)
                anchors.topMargin: Math.round(6 * scaleHint)
            }
            FittedLabel {
                text: shown(control.displayText)
                anchors.fill: parent
                anchors.margins: Math.round(2 * scaleHint)
                font.pixelSize: markSize(control.displayText, labelSize, height)
                font.capitalization: control.uppercased ? Font.AllUppercase : Font.MixedCase
            }
        }
    }

    backspaceKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            KeyGlyph { source: icons + "backspace-fff.svg" }
        }
    }

    languageKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            disabled: !control.enabled
            KeyGlyph { source: icons + "globe-fff.svg" }
        }
    }

    enterKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            KeyGlyph { source: icons + "enter-fff.svg" }
        }
    }

    hideKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            KeyGlyph { source: icons + "hidekeyboard-fff.svg" }
        }
    }

    shiftKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            disabled: !control.enabled
            border.width: InputContext.capsLockActive || InputContext.shiftActive ? Math.round(6 * scaleHint) : 0
            border.color: accentColor
            KeyGlyph {
                source: icons + (InputContext.capsLockActive || InputContext.shiftActive ? "shift-80c342.svg" : "shift-fff.svg")
            }
        }
    }

    spaceKeyPanel: KeyPanel {
        KeyFace {
            down: control.pressed
            KeyLabel {
                anchors.centerIn: parent
                text: Qt.locale(InputContext.locale).nativeLanguageName
                color: hintColor
                font.pixelSize: hintSize
            }
        }
    }

    symbolKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            disabled: !control.enabled
            KeyLabel {
                anchors.centerIn: parent
                text: control.displayText
                font.pixelSize: hintSize * 1.2
            }
        }
    }

    modeKeyPanel: KeyPanel {
        KeyFace {
            functionKey: true
            down: control.pressed
            disabled: !control.enabled
            border.width: control.mode ? Math.round(6 * scaleHint) : 0
            border.color: accentColor
            KeyLabel {
                anchors.centerIn: parent
                text: control.displayText
                font.pixelSize: hintSize * 1.2
            }
        }
    }

    handwritingKeyPanel: KeyPanel {
        KeyFace { functionKey: true; down: control.pressed }
    }

    // The letter under the finger, shown above it.
    characterPreviewMargin: 0
    characterPreviewDelegate: Item {
        property string text
        property string flickLeft
        property string flickTop
        property string flickRight
        property string flickBottom
        Rectangle {
            anchors.fill: parent
            radius: keyRadius
            color: popupColor
            FittedLabel {
                anchors.fill: parent
                text: shown(parent.parent.text)
                font.pixelSize: markSize(parent.parent.text, labelSize * 1.3, height)
            }
        }
    }

    // Long press: the other characters of a key, over the key itself. Above it, as Qt draws them,
    // the list of a top-row key (ุ → ฺ) fell outside the keyboard's widget and was cut off.
    alternateKeysListItemWidth: 150 * scaleHint
    alternateKeysListItemHeight: 170 * scaleHint
    alternateKeysListBottomMargin: -alternateKeysListItemHeight
    alternateKeysListLeftMargin: 0
    alternateKeysListRightMargin: 0
    alternateKeysListTopMargin: 0
    alternateKeysListDelegate: Item {
        id: alternateKey
        width: alternateKeysListItemWidth
        height: alternateKeysListItemHeight
        FittedLabel {
            anchors.fill: parent
            text: shown(model.text)
            font.pixelSize: markSize(model.text, labelSize, height)
        }
    }
    alternateKeysListHighlight: Rectangle {
        color: pressedKeyColor
        radius: keyRadius
    }
    alternateKeysListBackground: Rectangle {
        color: popupColor
        radius: keyRadius
    }

    // Word suggestions (none for Thai names; kept plain for the layouts that have them).
    selectionListHeight: 90 * scaleHint
    selectionListDelegate: SelectionListItem {
        id: selectionListItem
        width: Math.round(selectionText.width + 60 * scaleHint)
        KeyLabel {
            id: selectionText
            anchors.centerIn: parent
            text: display
            color: labelColor
            font.pixelSize: hintSize
        }
    }
    selectionListBackground: Item {}

    popupListDelegate: SelectionListItem {
        width: 400 * scaleHint
        height: 90 * scaleHint
        KeyLabel {
            anchors.centerIn: parent
            text: display
            font.pixelSize: hintSize
        }
    }
    popupListBackground: Rectangle { color: popupColor; radius: keyRadius }
    popupListHighlight: Rectangle { color: pressedKeyColor; radius: keyRadius }

    // The globe key switches Thai ⇄ English at once: no language menu to find one's way through.
    languagePopupListEnabled: false
    languageListDelegate: SelectionListItem {
        width: 400 * scaleHint
        height: 90 * scaleHint
        KeyLabel {
            anchors.centerIn: parent
            text: displayName
            font.pixelSize: hintSize
        }
    }
    languageListBackground: Rectangle { color: popupColor }
    languageListHighlight: Rectangle { color: pressedKeyColor }

    navigationHighlight: Rectangle {
        color: "transparent"
        border.color: accentColor
        border.width: 5
    }
}
