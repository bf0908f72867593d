<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="th_TH">
<context>
    <name>DetailsScreen</name>
    <message>
        <location filename="../../ui/screens/details.py" line="92"/>
        <source>พิมพ์ชื่อของท่าน</source>
        <translation>Type your name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="93"/>
        <source>ชื่อ-นามสกุล</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="96"/>
        <source>เช่น สมชาย ใจดี</source>
        <translation>e.g. Somchai Jaidee</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="94"/>
        <source>เลขประจำตัว
ประชาชน</source>
        <translation>National
ID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="95"/>
        <source>โทรศัพท์</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="97"/>
        <source>13 หลัก (ไม่บังคับ)</source>
        <translation>13 digits (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="98"/>
        <source>ไม่บังคับ</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="99"/>
        <source>ยินยอมให้เจ้าหน้าที่โทรติดต่อกลับเรื่องบริการนี้</source>
        <translation>I agree that an officer may call me back about this service</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="100"/>
        <source>อ่านจากบัตรประชาชนแล้ว ตรวจชื่อให้ถูกต้อง แล้วแตะ ถัดไป</source>
        <translation>Read from your ID card. Check the name, then tap Next</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="101"/>
        <source>ถัดไป</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../ui/screens/details.py" line="189"/>
        <source>แตะช่องยินยอมด้านล่าง หรือลบหมายเลขโทรศัพท์</source>
        <translation>Tick the consent box, or clear the phone number</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="70"/>
        <source>แจ้งชื่อของท่าน</source>
        <translation>Tell us who you are</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="71"/>
        <source>เลือกวิธีที่สะดวก</source>
        <translation>Choose the way that suits you</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="73"/>
        <source>พิมพ์ชื่อ-นามสกุล</source>
        <translation>Type my name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="73"/>
        <source>ใช้แป้นพิมพ์บนจอ ใส่เลขประจำตัวประชาชนและโทรศัพท์ได้ถ้าต้องการ</source>
        <translation>On the screen keyboard; the ID number and phone are optional</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="75"/>
        <source>ฉันใช้ ThaID</source>
        <translation>I use ThaID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="75"/>
        <source>แสดงแอป ThaID กับเจ้าหน้าที่เมื่อถึงคิว</source>
        <translation>Show the ThaID app to the officer when called</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="76"/>
        <source>ให้เจ้าหน้าที่ช่วยกรอก</source>
        <translation>Let the officer fill it in</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="76"/>
        <source>เจ้าหน้าที่จะกรอกข้อมูลให้เมื่อถึงคิวของท่าน</source>
        <translation>The officer will fill in your details when you are called</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="77"/>
        <source>เสียบบัตรประชาชน</source>
        <translation>Insert your ID card</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="78"/>
        <source>ที่เครื่องอ่านใต้จอ ด้านชิปขึ้น อ่านเฉพาะชื่อและเลขประจำตัว ท่านตรวจก่อนยืนยัน</source>
        <translation>In the reader below the screen, chip up. Only your name and ID number are read</translation>
    </message>
</context>
<context>
    <name>ConfirmRestart</name>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="128"/>
        <source>เริ่มใหม่ทั้งหมดหรือไม่?</source>
        <translation>Start again from the beginning?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="129"/>
        <source>สิ่งที่เลือกและพิมพ์ไว้จะถูกลบ</source>
        <translation>What you chose and typed will be cleared.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="130"/>
        <source>ทำต่อ</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="131"/>
        <source>เริ่มใหม่</source>
        <translation>Start over</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message numerus="yes">
        <location filename="../../ui/widgets/overlay.py" line="73"/>
        <source>กลับหน้าแรกใน %n วินาที</source>
        <translation>
            <numerusform>Back to the start in %n second</numerusform>
            <numerusform>Back to the start in %n seconds</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="76"/>
        <source>ยังใช้งานอยู่หรือไม่?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="77"/>
        <source>ใช้งานต่อ</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/window.py" line="343"/>
        <source>กำลังอ่านบัตร… กรุณาเสียบค้างไว้</source>
        <translation>Reading your card… please leave it in</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="446"/>
        <source>ตู้นี้ต้องการการดูแลจากเจ้าหน้าที่ หากมีปัญหาในการใช้งาน กรุณาแจ้งเจ้าหน้าที่</source>
        <translation>This kiosk needs an officer's attention. If anything does not work, please tell the officer.</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="521"/>
        <source>ยังตรวจรหัสไม่ได้: ฐานข้อมูลยังไม่พร้อม</source>
        <translation>The PIN cannot be checked yet: the register is not ready</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="537"/>
        <source>ตรวจรหัสไม่ได้ กรุณาลองใหม่อีกครั้ง</source>
        <translation>The PIN could not be checked. Please try again</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="565"/>
        <source>ตัวอักษรใหญ่</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="566"/>
        <source>สีตัดกันชัด</source>
        <translation>High contrast</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="133"/>
        <source>สำหรับเจ้าหน้าที่: ใส่รหัส PIN ผู้ดูแลเพื่อออกจากโหมดตู้บริการ</source>
        <translation>Staff only: enter the supervisor&apos;s PIN to leave kiosk mode</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="134"/>
        <source>ลบ</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="135"/>
        <source>ตกลง</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="136"/>
        <source>ยกเลิก</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="151"/>
        <source>รหัสไม่ถูกต้อง</source>
        <translation>Wrong PIN</translation>
    </message>
</context>
<context>
    <name>PrivacyScreen</name>
    <message>
        <location filename="../../ui/screens/privacy.py" line="64"/>
        <source>การคุ้มครองข้อมูลส่วนบุคคล</source>
        <translation>Your personal data</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/privacy.py" line="67"/>
        <source>%n ปี</source>
        <translation>
            <numerusform>%n year</numerusform>
            <numerusform>%n years</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/privacy.py" line="69"/>
        <source>%n วัน</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="72"/>
        <source>ศูนย์ฯ บันทึกชื่อ เลขประจำตัวประชาชน และโทรศัพท์ (ถ้ามี) ลงทะเบียนผู้มาขอรับบริการ ตามหน้าที่ของหน่วยงานรัฐ</source>
        <translation>The centre writes your name, ID number and phone (if given) in its register of visitors, as a public office must.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="74"/>
        <source>ถ้าเสียบบัตรประชาชน เครื่องอ่านเฉพาะเลขประจำตัวและชื่อ-นามสกุล ไม่อ่านรูป ที่อยู่ หรือวันเกิด</source>
        <translation>If you insert your ID card, only its ID number and name are read: never the photo, address or date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="75"/>
        <source>ใช้เพื่อให้บริการและรายงานสถิติเท่านั้น ไม่ใช้เพื่อการอื่น</source>
        <translation>It is used only to serve you and for statistics, for nothing else.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="76"/>
        <source>เก็บไว้ %1 แล้วลบ ท่านขอดู แก้ไข หรือขอลบได้ที่เจ้าหน้าที่</source>
        <translation>It is kept for %1, then deleted. Ask the officer to see, correct or delete it.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="78"/>
        <source>อ่านประกาศฉบับเต็มได้จาก QR นี้</source>
        <translation>Read the full notice with this QR code.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="78"/>
        <source>ขอดูประกาศฉบับเต็มได้ที่เจ้าหน้าที่</source>
        <translation>Ask the officer for the full notice.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="80"/>
        <source>สแกนเพื่ออ่านประกาศฉบับเต็ม</source>
        <translation>Scan to read the full notice</translation>
    </message>
    <message>
        <location filename="../../ui/screens/privacy.py" line="81"/>
        <source>รับทราบ</source>
        <translation>I understand</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../../ui/screens/rating.py" line="104"/>
        <source>คิว %1 ขอบคุณที่มาใช้บริการ</source>
        <translation>Ticket %1: thank you for coming</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="106"/>
        <source>ขอบคุณสำหรับคะแนน ขอให้โชคดี</source>
        <translation>Thank you for your rating. Have a good day.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="124"/>
        <source>ได้รับคะแนน %1 แล้ว ขอบคุณ ขอให้โชคดี</source>
        <translation>Your score %1 is recorded. Thank you, and have a good day.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="108"/>
        <source>ท่านพอใจบริการวันนี้เพียงใด แตะหน้ายิ้มหนึ่งครั้ง (0 = ไม่พอใจ, 10 = พอใจมาก)</source>
        <translation>How satisfied are you with the service today? Tap one face (0 = not satisfied, 10 = very satisfied)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="110"/>
        <source>ไม่พอใจ</source>
        <translation>Not satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="111"/>
        <source>พอใจมาก</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="112"/>
        <source>กรุณาตอบแบบสำรวจความพึงพอใจของ ก.พ.ร. จากใบที่เจ้าหน้าที่มอบให้ด้วย</source>
        <translation>Please also answer the OPDC satisfaction survey on the slip the officer gives you.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/rating.py" line="113"/>
        <source>ข้าม</source>
        <translation>Skip</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../ui/screens/base.py" line="71"/>
        <source>ย้อนกลับ</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="72"/>
        <source>เริ่มใหม่</source>
        <translation>Start over</translation>
    </message>
</context>
<context>
    <name>ServicePickerScreen</name>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="82"/>
        <source>เลือกงานบริการที่ต้องการ</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="83"/>
        <source>กำลังโหลดรายการบริการ…</source>
        <translation>Loading the services…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="84"/>
        <source>หน้าก่อน</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="85"/>
        <source>หน้าถัดไป</source>
        <translation>Next page</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="116"/>
        <source>ปิดให้บริการชั่วคราว</source>
        <translation>Closed for now</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="117"/>
        <source>ไม่เปิดให้บริการ: %1</source>
        <translation>Not available: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service_picker.py" line="120"/>
        <source>หน้า %1 / %2</source>
        <translation>Page %1 of %2</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <location filename="../../ui/screens/summary.py" line="78"/>
        <source>แก้ไข</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="79"/>
        <source>ตรวจสอบข้อมูล แล้วกดยืนยัน</source>
        <translation>Check, then confirm</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="80"/>
        <source>งานบริการ</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="81"/>
        <source>กลุ่มผู้รับบริการ</source>
        <translation>Visitor group</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="82"/>
        <source>ชื่อ-นามสกุล</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="83"/>
        <source>เลขประจำตัวประชาชน</source>
        <translation>National ID</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="84"/>
        <source>โทรศัพท์</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="85"/>
        <source>ยืนยัน รับบัตรคิว</source>
        <translation>Confirm and get my ticket</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="93"/>
        <source>ช่องบริการพิเศษ</source>
        <translation>Priority counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="93"/>
        <source>ช่องบริการทั่วไป</source>
        <translation>General counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="97"/>
        <source>แสดงแอป ThaID กับเจ้าหน้าที่</source>
        <translation>ThaID, shown to the officer</translation>
    </message>
    <message>
        <location filename="../../ui/screens/summary.py" line="99"/>
        <source>เจ้าหน้าที่จะกรอกให้</source>
        <translation>The officer will fill it in</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../ui/screens/ticket.py" line="111"/>
        <source>เสร็จสิ้น</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="116"/>
        <source>หมายเลขคิวของท่าน</source>
        <translation>Your queue number</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/ticket.py" line="124"/>
        <source>มีผู้รอก่อนท่าน %n คน</source>
        <translation>
            <numerusform>%n person before you</numerusform>
            <numerusform>%n people before you</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="124"/>
        <source>ไม่มีผู้รอก่อนท่าน</source>
        <translation>No one is waiting before you</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="125"/>
        <source>ช่องบริการพิเศษ</source>
        <translation>Priority counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="125"/>
        <source>ช่องบริการทั่วไป</source>
        <translation>General counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="130"/>
        <source>กำลังออกบัตรคิว กรุณารอสักครู่</source>
        <translation>Issuing your ticket, one moment please</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="131"/>
        <source>กำลังพิมพ์บัตรคิว กรุณารับบัตรที่เครื่องพิมพ์ด้านล่าง</source>
        <translation>Printing your ticket: take it from the printer below</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="132"/>
        <source>รับบัตรคิวที่เครื่องพิมพ์ด้านล่าง แล้วรอเรียกคิวที่หน้าจอ</source>
        <translation>Take your ticket from the printer below and wait for your number on the screen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="135"/>
        <source>พิมพ์บัตรคิวไม่ได้ กรุณาติดต่อเจ้าหน้าที่ และแจ้งหมายเลขคิวนี้ ท่านยังอยู่ในคิว</source>
        <translation>The ticket could not be printed. Please tell the officer this number: you are in the queue.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ticket.py" line="137"/>
        <source>ขออภัย ออกบัตรคิวไม่ได้ กรุณาติดต่อเจ้าหน้าที่</source>
        <translation>Sorry, no ticket could be issued. Please ask the officer.</translation>
    </message>
</context>
<context>
    <name>VisitorGroupScreen</name>
    <message>
        <location filename="../../ui/screens/visitor_group.py" line="49"/>
        <source>ท่านคือผู้รับบริการกลุ่มใด</source>
        <translation>Who is the service for?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/visitor_group.py" line="50"/>
        <source>ผู้สูงอายุ ผู้พิการ สตรีมีครรภ์ และนักบวช ได้รับบริการช่องพิเศษก่อน</source>
        <translation>Elderly, disabled and pregnant visitors and clergy are served first at the priority counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/visitor_group.py" line="52"/>
        <source>ช่องบริการพิเศษ</source>
        <translation>Priority counter</translation>
    </message>
    <message>
        <location filename="../../ui/screens/visitor_group.py" line="52"/>
        <source>ช่องบริการทั่วไป</source>
        <translation>General counter</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../ui/screens/welcome.py" line="174"/>
        <source>จุดให้บริการ e-Service ศูนย์บริการร่วม</source>
        <translation>e-Service point, One Stop Service</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="175"/>
        <source>อำเภอ%1</source>
        <translation>%1 District</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="177"/>
        <source>แตะที่นี่ เพื่อรับบัตรคิว</source>
        <translation>Tap here for a queue ticket</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="177"/>
        <source>เลือกงานบริการที่ต้องการ</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="178"/>
        <source>กำลังให้บริการ</source>
        <translation>Now serving</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="179"/>
        <source>รอรับบริการ (คน)</source>
        <translation>Waiting (people)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="180"/>
        <source>เจ้าหน้าที่เวรวันนี้</source>
        <translation>Officers on duty today</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="182"/>
        <source>ข้อมูลของท่านใช้เพื่อบันทึกทะเบียนผู้มารับบริการเท่านั้น สแกน QR เพื่ออ่านประกาศความเป็นส่วนตัวฉบับเต็ม</source>
        <translation>Your details are used only for the register of visitors. Scan the QR code for the full privacy notice.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="184"/>
        <source>ข้อมูลของท่านใช้เพื่อบันทึกทะเบียนผู้มารับบริการเท่านั้น สอบถามรายละเอียดได้ที่เจ้าหน้าที่</source>
        <translation>Your details are used only for the register of visitors. Ask the officer for more.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="199"/>
        <source>สอบถามเจ้าหน้าที่ที่โต๊ะบริการ</source>
        <translation>Please ask at the service desk</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="207"/>
        <source>วันที่ %1</source>
        <translation>%1</translation>
    </message>
</context>
</TS>
